/// The exports of an instance of world `foo`, with the functions to link its imports and to instantiate it.
pub struct Foo {
    instance: ::hoist::component::Instance,
    my_dep0_1_0_a: self::exports::my::dep0_1_0::a::Guest,
    my_dep0_2_0_a: self::exports::my::dep0_2_0::a::Guest,
}
impl Foo {
    /// Registers everything world `foo` imports in `linker`, calling the host reached from the store data through `get`.
    pub fn add_to_linker<T_, U_>(
        linker: &mut ::hoist::component::Linker<T_>,
        get: impl Fn(&mut T_) -> &mut U_ + Send + Sync + Copy + 'static,
    ) -> ::hoist::anyhow::Result<()>
    where
        T_: 'static,
        U_: self::my::dep0_1_0::a::Host + self::my::dep0_2_0::a::Host,
    {
        self::my::dep0_1_0::a::add_to_linker(linker, get)?;
        self::my::dep0_2_0::a::add_to_linker(linker, get)?;
        ::core::result::Result::Ok(())
    }
    /// Instantiates `component` with the imports registered in `linker` and looks up the exports of world `foo`. Returns the exports and the instance.
    pub fn instantiate<T_: 'static>(
        mut store: impl ::hoist::AsContextMut<Data = T_>,
        component: &::hoist::component::Component,
        linker: &::hoist::component::Linker<T_>,
    ) -> ::hoist::anyhow::Result<(Self, ::hoist::component::Instance)> {
        let instance = linker.instantiate(store.as_context_mut(), component)?;
        let exports = Self::new(store.as_context_mut(), &instance)?;
        ::core::result::Result::Ok((exports, instance))
    }
    /// Instantiates a pre-linked component and looks up the exports of world `foo`. Returns the exports and the instance.
    pub fn instantiate_pre<T_: 'static>(
        mut store: impl ::hoist::AsContextMut<Data = T_>,
        pre: &::hoist::component::InstancePre<T_>,
    ) -> ::hoist::anyhow::Result<(Self, ::hoist::component::Instance)> {
        let instance = pre.instantiate(store.as_context_mut())?;
        let exports = Self::new(store.as_context_mut(), &instance)?;
        ::core::result::Result::Ok((exports, instance))
    }
    /// Looks up and type-checks the exports of world `foo` in an already created `instance`.
    #[allow(unused_mut, unused_variables)]
    pub fn new(
        mut store: impl ::hoist::AsContextMut,
        instance: &::hoist::component::Instance,
    ) -> ::hoist::anyhow::Result<Self> {
        let my_dep0_1_0_a = {
            let index = instance
                .get_export_index(
                    store.as_context_mut(),
                    ::core::option::Option::None,
                    "my:dep/a@0.1.0",
                )
                .ok_or_else(|| {
                    ::hoist::anyhow::anyhow!(
                        "no exported instance `my:dep/a@0.1.0` in world foo"
                    )
                })?;
            self::exports::my::dep0_1_0::a::Guest::new(
                store.as_context_mut(),
                instance,
                &index,
            )?
        };
        let my_dep0_2_0_a = {
            let index = instance
                .get_export_index(
                    store.as_context_mut(),
                    ::core::option::Option::None,
                    "my:dep/a@0.2.0",
                )
                .ok_or_else(|| {
                    ::hoist::anyhow::anyhow!(
                        "no exported instance `my:dep/a@0.2.0` in world foo"
                    )
                })?;
            self::exports::my::dep0_2_0::a::Guest::new(
                store.as_context_mut(),
                instance,
                &index,
            )?
        };
        ::core::result::Result::Ok(Self {
            instance: instance.clone(),
            my_dep0_1_0_a,
            my_dep0_2_0_a,
        })
    }
    /// The instance these exports belong to.
    pub fn instance(&self) -> &::hoist::component::Instance {
        &self.instance
    }
    /// The functions of the exported interface `my:dep/a@0.1.0`.
    pub fn my_dep0_1_0_a(&self) -> &self::exports::my::dep0_1_0::a::Guest {
        &self.my_dep0_1_0_a
    }
    /// The functions of the exported interface `my:dep/a@0.2.0`.
    pub fn my_dep0_2_0_a(&self) -> &self::exports::my::dep0_2_0::a::Guest {
        &self.my_dep0_2_0_a
    }
}
#[allow(clippy::all)]
pub mod my {
    //! Bindings generated from WIT, for `my`.
    pub mod dep0_1_0 {
        //! Bindings generated from WIT, for `my/dep0_1_0`.
        pub mod a {
            //! Bindings generated from WIT, for `my/dep0_1_0/a`.
            /// The host's implementation of the imported interface `my:dep/a@0.1.0`.
            pub trait Host {
                /// The WIT function `x`.
                fn x(&mut self) -> ::hoist::anyhow::Result<()>;
            }
            /// Registers the functions of `my:dep/a@0.1.0` in `linker`, calling the `Host` reached from the store data through `get`.
            pub fn add_to_linker<T_, U_>(
                linker: &mut ::hoist::component::Linker<T_>,
                get: impl Fn(&mut T_) -> &mut U_ + Send + Sync + Copy + 'static,
            ) -> ::hoist::anyhow::Result<()>
            where
                T_: 'static,
                U_: Host,
            {
                let mut root = linker.root();
                let mut inst = root.instance("my:dep/a@0.1.0")?;
                inst.func_wrap(
                    "x",
                    move |
                        mut caller: ::hoist::StoreContextMut<'_, T_>,
                        (): (),
                    | -> ::hoist::anyhow::Result<()> {
                        let host = get(caller.data_mut());
                        let r = Host::x(host)?;
                        ::core::result::Result::Ok(r)
                    },
                )?;
                ::core::result::Result::Ok(())
            }
        }
    }
    pub mod dep0_2_0 {
        //! Bindings generated from WIT, for `my/dep0_2_0`.
        pub mod a {
            //! Bindings generated from WIT, for `my/dep0_2_0/a`.
            /// The host's implementation of the imported interface `my:dep/a@0.2.0`.
            pub trait Host {
                /// The WIT function `x`.
                fn x(&mut self) -> ::hoist::anyhow::Result<()>;
            }
            /// Registers the functions of `my:dep/a@0.2.0` in `linker`, calling the `Host` reached from the store data through `get`.
            pub fn add_to_linker<T_, U_>(
                linker: &mut ::hoist::component::Linker<T_>,
                get: impl Fn(&mut T_) -> &mut U_ + Send + Sync + Copy + 'static,
            ) -> ::hoist::anyhow::Result<()>
            where
                T_: 'static,
                U_: Host,
            {
                let mut root = linker.root();
                let mut inst = root.instance("my:dep/a@0.2.0")?;
                inst.func_wrap(
                    "x",
                    move |
                        mut caller: ::hoist::StoreContextMut<'_, T_>,
                        (): (),
                    | -> ::hoist::anyhow::Result<()> {
                        let host = get(caller.data_mut());
                        let r = Host::x(host)?;
                        ::core::result::Result::Ok(r)
                    },
                )?;
                ::core::result::Result::Ok(())
            }
        }
    }
}
#[allow(clippy::all)]
pub mod exports {
    //! Bindings generated from WIT, for `exports`.
    pub mod my {
        //! Bindings generated from WIT, for `exports/my`.
        pub mod dep0_1_0 {
            //! Bindings generated from WIT, for `exports/my/dep0_1_0`.
            pub mod a {
                //! Bindings generated from WIT, for `exports/my/dep0_1_0/a`.
                /// Typed access to the functions of the exported interface `my:dep/a@0.1.0`.
                pub struct Guest {
                    instance: ::hoist::component::Instance,
                    x_index: ::hoist::component::ComponentExportIndex,
                }
                impl Guest {
                    /// Looks up and type-checks every function of `my:dep/a@0.1.0` in `instance`, where `index` is the export index of the interface itself.
                    #[allow(unused_mut, unused_variables)]
                    pub fn new(
                        mut store: impl ::hoist::AsContextMut,
                        instance: &::hoist::component::Instance,
                        index: &::hoist::component::ComponentExportIndex,
                    ) -> ::hoist::anyhow::Result<Guest> {
                        let x_index = instance
                            .get_export_index(
                                store.as_context_mut(),
                                ::core::option::Option::Some(index),
                                "x",
                            )
                            .ok_or_else(|| {
                                ::hoist::anyhow::anyhow!(
                                    "no exported function `x` in exported interface `my:dep/a@0.1.0`"
                                )
                            })?;
                        instance
                            .get_typed_func::<(), ()>(store.as_context_mut(), &x_index)?;
                        ::core::result::Result::Ok(Guest {
                            instance: instance.clone(),
                            x_index,
                        })
                    }
                    /// The WIT function `x`.
                    pub fn call_x(
                        &self,
                        mut store: impl ::hoist::AsContextMut,
                    ) -> ::hoist::anyhow::Result<()> {
                        let callee = self
                            .instance
                            .get_typed_func::<
                                (),
                                (),
                            >(store.as_context_mut(), &self.x_index)?;
                        let () = callee.call(store.as_context_mut(), ())?;
                        ::core::result::Result::Ok(())
                    }
                }
            }
        }
        pub mod dep0_2_0 {
            //! Bindings generated from WIT, for `exports/my/dep0_2_0`.
            pub mod a {
                //! Bindings generated from WIT, for `exports/my/dep0_2_0/a`.
                /// Typed access to the functions of the exported interface `my:dep/a@0.2.0`.
                pub struct Guest {
                    instance: ::hoist::component::Instance,
                    x_index: ::hoist::component::ComponentExportIndex,
                }
                impl Guest {
                    /// Looks up and type-checks every function of `my:dep/a@0.2.0` in `instance`, where `index` is the export index of the interface itself.
                    #[allow(unused_mut, unused_variables)]
                    pub fn new(
                        mut store: impl ::hoist::AsContextMut,
                        instance: &::hoist::component::Instance,
                        index: &::hoist::component::ComponentExportIndex,
                    ) -> ::hoist::anyhow::Result<Guest> {
                        let x_index = instance
                            .get_export_index(
                                store.as_context_mut(),
                                ::core::option::Option::Some(index),
                                "x",
                            )
                            .ok_or_else(|| {
                                ::hoist::anyhow::anyhow!(
                                    "no exported function `x` in exported interface `my:dep/a@0.2.0`"
                                )
                            })?;
                        instance
                            .get_typed_func::<(), ()>(store.as_context_mut(), &x_index)?;
                        ::core::result::Result::Ok(Guest {
                            instance: instance.clone(),
                            x_index,
                        })
                    }
                    /// The WIT function `x`.
                    pub fn call_x(
                        &self,
                        mut store: impl ::hoist::AsContextMut,
                    ) -> ::hoist::anyhow::Result<()> {
                        let callee = self
                            .instance
                            .get_typed_func::<
                                (),
                                (),
                            >(store.as_context_mut(), &self.x_index)?;
                        let () = callee.call(store.as_context_mut(), ())?;
                        ::core::result::Result::Ok(())
                    }
                }
            }
        }
    }
}
