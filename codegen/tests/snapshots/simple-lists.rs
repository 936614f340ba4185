/// The exports of an instance of world `my-world`, with the functions to link its imports and to instantiate it.
pub struct MyWorld {
    instance: ::hoist::component::Instance,
    foo_foo_simple_lists: self::exports::foo::foo::simple_lists::Guest,
}
impl MyWorld {
    /// Registers everything world `my-world` imports in `linker`, calling the host reached from the store data through `get`.
    pub fn add_to_linker<T_, U_>(
        linker: &mut ::hoist::component::Linker<T_>,
        get: impl Fn(&mut T_) -> &mut U_ + Send + Sync + Copy + 'static,
    ) -> ::hoist::anyhow::Result<()>
    where
        T_: 'static,
        U_: self::foo::foo::simple_lists::Host,
    {
        self::foo::foo::simple_lists::add_to_linker(linker, get)?;
        ::core::result::Result::Ok(())
    }
    /// Instantiates `component` with the imports registered in `linker` and looks up the exports of world `my-world`. Returns the exports and the instance.
    pub fn instantiate<T_: 'static>(
        mut store: impl ::hoist::AsContextMut<Data = T_>,
        component: &::hoist::component::Component,
        linker: &::hoist::component::Linker<T_>,
    ) -> ::hoist::anyhow::Result<(Self, ::hoist::component::Instance)> {
        let instance = linker.instantiate(store.as_context_mut(), component)?;
        let exports = Self::new(store.as_context_mut(), &instance)?;
        ::core::result::Result::Ok((exports, instance))
    }
    /// Instantiates a pre-linked component and looks up the exports of world `my-world`. Returns the exports and the instance.
    pub fn instantiate_pre<T_: 'static>(
        mut store: impl ::hoist::AsContextMut<Data = T_>,
        pre: &::hoist::component::InstancePre<T_>,
    ) -> ::hoist::anyhow::Result<(Self, ::hoist::component::Instance)> {
        let instance = pre.instantiate(store.as_context_mut())?;
        let exports = Self::new(store.as_context_mut(), &instance)?;
        ::core::result::Result::Ok((exports, instance))
    }
    /// Looks up and type-checks the exports of world `my-world` in an already created `instance`.
    #[allow(unused_mut, unused_variables)]
    pub fn new(
        mut store: impl ::hoist::AsContextMut,
        instance: &::hoist::component::Instance,
    ) -> ::hoist::anyhow::Result<Self> {
        let foo_foo_simple_lists = {
            let index = instance
                .get_export_index(
                    store.as_context_mut(),
                    ::core::option::Option::None,
                    "foo:foo/simple-lists",
                )
                .ok_or_else(|| {
                    ::hoist::anyhow::anyhow!(
                        "no exported instance `foo:foo/simple-lists` in world my-world"
                    )
                })?;
            self::exports::foo::foo::simple_lists::Guest::new(
                store.as_context_mut(),
                instance,
                &index,
            )?
        };
        ::core::result::Result::Ok(Self {
            instance: instance.clone(),
            foo_foo_simple_lists,
        })
    }
    /// The instance these exports belong to.
    pub fn instance(&self) -> &::hoist::component::Instance {
        &self.instance
    }
    /// The functions of the exported interface `foo:foo/simple-lists`.
    pub fn foo_foo_simple_lists(&self) -> &self::exports::foo::foo::simple_lists::Guest {
        &self.foo_foo_simple_lists
    }
}
#[allow(clippy::all)]
pub mod foo {
    //! Bindings generated from WIT, for `foo`.
    pub mod foo {
        //! Bindings generated from WIT, for `foo/foo`.
        pub mod simple_lists {
            //! Bindings generated from WIT, for `foo/foo/simple_lists`.
            /// The host's implementation of the imported interface `foo:foo/simple-lists`.
            pub trait Host {
                /// The WIT function `simple-list1`.
                fn simple_list1(
                    &mut self,
                    l: ::std::vec::Vec<u32>,
                ) -> ::hoist::anyhow::Result<()>;
                /// The WIT function `simple-list2`.
                fn simple_list2(
                    &mut self,
                ) -> ::hoist::anyhow::Result<::std::vec::Vec<u32>>;
                /// The WIT function `simple-list3`.
                fn simple_list3(
                    &mut self,
                    a: ::std::vec::Vec<u32>,
                    b: ::std::vec::Vec<u32>,
                ) -> ::hoist::anyhow::Result<
                    (::std::vec::Vec<u32>, ::std::vec::Vec<u32>),
                >;
                /// The WIT function `simple-list4`.
                fn simple_list4(
                    &mut self,
                    l: ::std::vec::Vec<::std::vec::Vec<u32>>,
                ) -> ::hoist::anyhow::Result<::std::vec::Vec<::std::vec::Vec<u32>>>;
            }
            /// Registers the functions of `foo:foo/simple-lists` in `linker`, calling the `Host` reached from the store data through `get`.
            pub fn add_to_linker<T_, U_>(
                linker: &mut ::hoist::component::Linker<T_>,
                get: impl Fn(&mut T_) -> &mut U_ + Send + Sync + Copy + 'static,
            ) -> ::hoist::anyhow::Result<()>
            where
                T_: 'static,
                U_: Host,
            {
                let mut root = linker.root();
                let mut inst = root.instance("foo:foo/simple-lists")?;
                inst.func_wrap(
                    "simple-list1",
                    move |
                        mut caller: ::hoist::StoreContextMut<'_, T_>,
                        (arg0,): (::std::vec::Vec<u32>,),
                    | -> ::hoist::anyhow::Result<()> {
                        let host = get(caller.data_mut());
                        let r = Host::simple_list1(host, arg0)?;
                        ::core::result::Result::Ok(r)
                    },
                )?;
                inst.func_wrap(
                    "simple-list2",
                    move |
                        mut caller: ::hoist::StoreContextMut<'_, T_>,
                        (): (),
                    | -> ::hoist::anyhow::Result<(::std::vec::Vec<u32>,)> {
                        let host = get(caller.data_mut());
                        let r = Host::simple_list2(host)?;
                        ::core::result::Result::Ok((r,))
                    },
                )?;
                inst.func_wrap(
                    "simple-list3",
                    move |
                        mut caller: ::hoist::StoreContextMut<'_, T_>,
                        (arg0, arg1): (::std::vec::Vec<u32>, ::std::vec::Vec<u32>),
                    | -> ::hoist::anyhow::Result<
                        ((::std::vec::Vec<u32>, ::std::vec::Vec<u32>),),
                    > {
                        let host = get(caller.data_mut());
                        let r = Host::simple_list3(host, arg0, arg1)?;
                        ::core::result::Result::Ok((r,))
                    },
                )?;
                inst.func_wrap(
                    "simple-list4",
                    move |
                        mut caller: ::hoist::StoreContextMut<'_, T_>,
                        (arg0,): (::std::vec::Vec<::std::vec::Vec<u32>>,),
                    | -> ::hoist::anyhow::Result<
                        (::std::vec::Vec<::std::vec::Vec<u32>>,),
                    > {
                        let host = get(caller.data_mut());
                        let r = Host::simple_list4(host, arg0)?;
                        ::core::result::Result::Ok((r,))
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
    pub mod foo {
        //! Bindings generated from WIT, for `exports/foo`.
        pub mod foo {
            //! Bindings generated from WIT, for `exports/foo/foo`.
            pub mod simple_lists {
                //! Bindings generated from WIT, for `exports/foo/foo/simple_lists`.
                /// Typed access to the functions of the exported interface `foo:foo/simple-lists`.
                pub struct Guest {
                    instance: ::hoist::component::Instance,
                    simple_list1_index: ::hoist::component::ComponentExportIndex,
                    simple_list2_index: ::hoist::component::ComponentExportIndex,
                    simple_list3_index: ::hoist::component::ComponentExportIndex,
                    simple_list4_index: ::hoist::component::ComponentExportIndex,
                }
                impl Guest {
                    /// Looks up and type-checks every function of `foo:foo/simple-lists` in `instance`, where `index` is the export index of the interface itself.
                    #[allow(unused_mut, unused_variables)]
                    pub fn new(
                        mut store: impl ::hoist::AsContextMut,
                        instance: &::hoist::component::Instance,
                        index: &::hoist::component::ComponentExportIndex,
                    ) -> ::hoist::anyhow::Result<Guest> {
                        let simple_list1_index = instance
                            .get_export_index(
                                store.as_context_mut(),
                                ::core::option::Option::Some(index),
                                "simple-list1",
                            )
                            .ok_or_else(|| {
                                ::hoist::anyhow::anyhow!(
                                    "no exported function `simple-list1` in exported interface `foo:foo/simple-lists`"
                                )
                            })?;
                        instance
                            .get_typed_func::<
                                (::std::vec::Vec<u32>,),
                                (),
                            >(store.as_context_mut(), &simple_list1_index)?;
                        let simple_list2_index = instance
                            .get_export_index(
                                store.as_context_mut(),
                                ::core::option::Option::Some(index),
                                "simple-list2",
                            )
                            .ok_or_else(|| {
                                ::hoist::anyhow::anyhow!(
                                    "no exported function `simple-list2` in exported interface `foo:foo/simple-lists`"
                                )
                            })?;
                        instance
                            .get_typed_func::<
                                (),
                                (::std::vec::Vec<u32>,),
                            >(store.as_context_mut(), &simple_list2_index)?;
                        let simple_list3_index = instance
                            .get_export_index(
                                store.as_context_mut(),
                                ::core::option::Option::Some(index),
                                "simple-list3",
                            )
                            .ok_or_else(|| {
                                ::hoist::anyhow::anyhow!(
                                    "no exported function `simple-list3` in exported interface `foo:foo/simple-lists`"
                                )
                            })?;
                        instance
                            .get_typed_func::<
                                (::std::vec::Vec<u32>, ::std::vec::Vec<u32>),
                                ((::std::vec::Vec<u32>, ::std::vec::Vec<u32>),),
                            >(store.as_context_mut(), &simple_list3_index)?;
                        let simple_list4_index = instance
                            .get_export_index(
                                store.as_context_mut(),
                                ::core::option::Option::Some(index),
                                "simple-list4",
                            )
                            .ok_or_else(|| {
                                ::hoist::anyhow::anyhow!(
                                    "no exported function `simple-list4` in exported interface `foo:foo/simple-lists`"
                                )
                            })?;
                        instance
                            .get_typed_func::<
                                (::std::vec::Vec<::std::vec::Vec<u32>>,),
                                (::std::vec::Vec<::std::vec::Vec<u32>>,),
                            >(store.as_context_mut(), &simple_list4_index)?;
                        ::core::result::Result::Ok(Guest {
                            instance: instance.clone(),
                            simple_list1_index,
                            simple_list2_index,
                            simple_list3_index,
                            simple_list4_index,
                        })
                    }
                    /// The WIT function `simple-list1`.
                    pub fn call_simple_list1(
                        &self,
                        mut store: impl ::hoist::AsContextMut,
                        l: ::std::vec::Vec<u32>,
                    ) -> ::hoist::anyhow::Result<()> {
                        let callee = self
                            .instance
                            .get_typed_func::<
                                (::std::vec::Vec<u32>,),
                                (),
                            >(store.as_context_mut(), &self.simple_list1_index)?;
                        let () = callee.call(store.as_context_mut(), (l,))?;
                        ::core::result::Result::Ok(())
                    }
                    /// The WIT function `simple-list2`.
                    pub fn call_simple_list2(
                        &self,
                        mut store: impl ::hoist::AsContextMut,
                    ) -> ::hoist::anyhow::Result<::std::vec::Vec<u32>> {
                        let callee = self
                            .instance
                            .get_typed_func::<
                                (),
                                (::std::vec::Vec<u32>,),
                            >(store.as_context_mut(), &self.simple_list2_index)?;
                        let (ret0,) = callee.call(store.as_context_mut(), ())?;
                        ::core::result::Result::Ok(ret0)
                    }
                    /// The WIT function `simple-list3`.
                    pub fn call_simple_list3(
                        &self,
                        mut store: impl ::hoist::AsContextMut,
                        a: ::std::vec::Vec<u32>,
                        b: ::std::vec::Vec<u32>,
                    ) -> ::hoist::anyhow::Result<
                        (::std::vec::Vec<u32>, ::std::vec::Vec<u32>),
                    > {
                        let callee = self
                            .instance
                            .get_typed_func::<
                                (::std::vec::Vec<u32>, ::std::vec::Vec<u32>),
                                ((::std::vec::Vec<u32>, ::std::vec::Vec<u32>),),
                            >(store.as_context_mut(), &self.simple_list3_index)?;
                        let (ret0,) = callee.call(store.as_context_mut(), (a, b))?;
                        ::core::result::Result::Ok(ret0)
                    }
                    /// The WIT function `simple-list4`.
                    pub fn call_simple_list4(
                        &self,
                        mut store: impl ::hoist::AsContextMut,
                        l: ::std::vec::Vec<::std::vec::Vec<u32>>,
                    ) -> ::hoist::anyhow::Result<::std::vec::Vec<::std::vec::Vec<u32>>> {
                        let callee = self
                            .instance
                            .get_typed_func::<
                                (::std::vec::Vec<::std::vec::Vec<u32>>,),
                                (::std::vec::Vec<::std::vec::Vec<u32>>,),
                            >(store.as_context_mut(), &self.simple_list4_index)?;
                        let (ret0,) = callee.call(store.as_context_mut(), (l,))?;
                        ::core::result::Result::Ok(ret0)
                    }
                }
            }
        }
    }
}
