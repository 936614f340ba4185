/// The exports of an instance of world `w`, with the functions to link its imports and to instantiate it.
pub struct W {
    instance: ::hoist::component::Instance,
    foo_foo_simple_export: self::exports::foo::foo::simple_export::Guest,
    foo_foo_export_using_import: self::exports::foo::foo::export_using_import::Guest,
    foo_foo_export_using_export1: self::exports::foo::foo::export_using_export1::Guest,
    foo_foo_export_using_export2: self::exports::foo::foo::export_using_export2::Guest,
}
impl W {
    /// Registers everything world `w` imports in `linker`, calling the host reached from the store data through `get`.
    pub fn add_to_linker<T_, U_>(
        linker: &mut ::hoist::component::Linker<T_>,
        get: impl Fn(&mut T_) -> &mut U_ + Send + Sync + Copy + 'static,
    ) -> ::hoist::anyhow::Result<()>
    where
        T_: 'static,
        U_: self::foo::foo::transitive_import::Host,
    {
        self::foo::foo::transitive_import::add_to_linker(linker, get)?;
        ::core::result::Result::Ok(())
    }
    /// Instantiates `component` with the imports registered in `linker` and looks up the exports of world `w`. Returns the exports and the instance.
    pub fn instantiate<T_: 'static>(
        mut store: impl ::hoist::AsContextMut<Data = T_>,
        component: &::hoist::component::Component,
        linker: &::hoist::component::Linker<T_>,
    ) -> ::hoist::anyhow::Result<(Self, ::hoist::component::Instance)> {
        let instance = linker.instantiate(store.as_context_mut(), component)?;
        let exports = Self::new(store.as_context_mut(), &instance)?;
        ::core::result::Result::Ok((exports, instance))
    }
    /// Instantiates a pre-linked component and looks up the exports of world `w`. Returns the exports and the instance.
    pub fn instantiate_pre<T_: 'static>(
        mut store: impl ::hoist::AsContextMut<Data = T_>,
        pre: &::hoist::component::InstancePre<T_>,
    ) -> ::hoist::anyhow::Result<(Self, ::hoist::component::Instance)> {
        let instance = pre.instantiate(store.as_context_mut())?;
        let exports = Self::new(store.as_context_mut(), &instance)?;
        ::core::result::Result::Ok((exports, instance))
    }
    /// Looks up and type-checks the exports of world `w` in an already created `instance`.
    #[allow(unused_mut, unused_variables)]
    pub fn new(
        mut store: impl ::hoist::AsContextMut,
        instance: &::hoist::component::Instance,
    ) -> ::hoist::anyhow::Result<Self> {
        let foo_foo_simple_export = {
            let index = instance
                .get_export_index(
                    store.as_context_mut(),
                    ::core::option::Option::None,
                    "foo:foo/simple-export",
                )
                .ok_or_else(|| {
                    ::hoist::anyhow::anyhow!(
                        "no exported instance `foo:foo/simple-export` in world w"
                    )
                })?;
            self::exports::foo::foo::simple_export::Guest::new(
                store.as_context_mut(),
                instance,
                &index,
            )?
        };
        let foo_foo_export_using_import = {
            let index = instance
                .get_export_index(
                    store.as_context_mut(),
                    ::core::option::Option::None,
                    "foo:foo/export-using-import",
                )
                .ok_or_else(|| {
                    ::hoist::anyhow::anyhow!(
                        "no exported instance `foo:foo/export-using-import` in world w"
                    )
                })?;
            self::exports::foo::foo::export_using_import::Guest::new(
                store.as_context_mut(),
                instance,
                &index,
            )?
        };
        let foo_foo_export_using_export1 = {
            let index = instance
                .get_export_index(
                    store.as_context_mut(),
                    ::core::option::Option::None,
                    "foo:foo/export-using-export1",
                )
                .ok_or_else(|| {
                    ::hoist::anyhow::anyhow!(
                        "no exported instance `foo:foo/export-using-export1` in world w"
                    )
                })?;
            self::exports::foo::foo::export_using_export1::Guest::new(
                store.as_context_mut(),
                instance,
                &index,
            )?
        };
        let foo_foo_export_using_export2 = {
            let index = instance
                .get_export_index(
                    store.as_context_mut(),
                    ::core::option::Option::None,
                    "foo:foo/export-using-export2",
                )
                .ok_or_else(|| {
                    ::hoist::anyhow::anyhow!(
                        "no exported instance `foo:foo/export-using-export2` in world w"
                    )
                })?;
            self::exports::foo::foo::export_using_export2::Guest::new(
                store.as_context_mut(),
                instance,
                &index,
            )?
        };
        ::core::result::Result::Ok(Self {
            instance: instance.clone(),
            foo_foo_simple_export,
            foo_foo_export_using_import,
            foo_foo_export_using_export1,
            foo_foo_export_using_export2,
        })
    }
    /// The instance these exports belong to.
    pub fn instance(&self) -> &::hoist::component::Instance {
        &self.instance
    }
    /// The functions of the exported interface `foo:foo/simple-export`.
    pub fn foo_foo_simple_export(
        &self,
    ) -> &self::exports::foo::foo::simple_export::Guest {
        &self.foo_foo_simple_export
    }
    /// The functions of the exported interface `foo:foo/export-using-import`.
    pub fn foo_foo_export_using_import(
        &self,
    ) -> &self::exports::foo::foo::export_using_import::Guest {
        &self.foo_foo_export_using_import
    }
    /// The functions of the exported interface `foo:foo/export-using-export1`.
    pub fn foo_foo_export_using_export1(
        &self,
    ) -> &self::exports::foo::foo::export_using_export1::Guest {
        &self.foo_foo_export_using_export1
    }
    /// The functions of the exported interface `foo:foo/export-using-export2`.
    pub fn foo_foo_export_using_export2(
        &self,
    ) -> &self::exports::foo::foo::export_using_export2::Guest {
        &self.foo_foo_export_using_export2
    }
}
#[allow(clippy::all)]
pub mod foo {
    //! Bindings generated from WIT, for `foo`.
    pub mod foo {
        //! Bindings generated from WIT, for `foo/foo`.
        pub mod transitive_import {
            //! Bindings generated from WIT, for `foo/foo/transitive_import`.
            /// The WIT type `y`.
            /// A resource the host implements: handles to it are
            /// `hoist::component::Resource<Self>`, and the host's trait for it
            /// has its methods.
            pub enum Y {}
            /// The host's implementation of resource `y`.
            pub trait HostY {
                /// Drops the resource `rep`, whose last owned handle a guest dropped.
                fn drop(
                    &mut self,
                    rep: ::hoist::component::Resource<Y>,
                ) -> ::hoist::anyhow::Result<()>;
            }
            /// The host's implementation of the imported interface `foo:foo/transitive-import`.
            pub trait Host: HostY {}
            /// Registers the functions of `foo:foo/transitive-import` in `linker`, calling the `Host` reached from the store data through `get`.
            pub fn add_to_linker<T_, U_>(
                linker: &mut ::hoist::component::Linker<T_>,
                get: impl Fn(&mut T_) -> &mut U_ + Send + Sync + Copy + 'static,
            ) -> ::hoist::anyhow::Result<()>
            where
                T_: 'static,
                U_: Host,
            {
                let mut root = linker.root();
                let mut inst = root.instance("foo:foo/transitive-import")?;
                inst.resource(
                    "y",
                    ::hoist::component::ResourceType::host::<Y>(),
                    move |mut store: ::hoist::StoreContextMut<'_, T_>, rep: u32| HostY::drop(
                        get(store.data_mut()),
                        ::hoist::component::Resource::new_own(rep),
                    ),
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
            pub mod simple_export {
                //! Bindings generated from WIT, for `exports/foo/foo/simple_export`.
                /// The WIT type `a`.
                /// A resource the guest implements: handles to it are `ResourceAny`s.
                pub type A = ::hoist::component::ResourceAny;
                /// Typed access to the functions of the exported interface `foo:foo/simple-export`.
                pub struct Guest {
                    instance: ::hoist::component::Instance,
                    a_new_index: ::hoist::component::ComponentExportIndex,
                    a_static_a_index: ::hoist::component::ComponentExportIndex,
                    a_method_a_index: ::hoist::component::ComponentExportIndex,
                }
                impl Guest {
                    /// Looks up and type-checks every function of `foo:foo/simple-export` in `instance`, where `index` is the export index of the interface itself.
                    #[allow(unused_mut, unused_variables)]
                    pub fn new(
                        mut store: impl ::hoist::AsContextMut,
                        instance: &::hoist::component::Instance,
                        index: &::hoist::component::ComponentExportIndex,
                    ) -> ::hoist::anyhow::Result<Guest> {
                        let a_new_index = instance
                            .get_export_index(
                                store.as_context_mut(),
                                ::core::option::Option::Some(index),
                                "[constructor]a",
                            )
                            .ok_or_else(|| {
                                ::hoist::anyhow::anyhow!(
                                    "no exported function `[constructor]a` in exported interface `foo:foo/simple-export`"
                                )
                            })?;
                        instance
                            .get_typed_func::<
                                (),
                                (::hoist::component::ResourceAny,),
                            >(store.as_context_mut(), &a_new_index)?;
                        let a_static_a_index = instance
                            .get_export_index(
                                store.as_context_mut(),
                                ::core::option::Option::Some(index),
                                "[static]a.static-a",
                            )
                            .ok_or_else(|| {
                                ::hoist::anyhow::anyhow!(
                                    "no exported function `[static]a.static-a` in exported interface `foo:foo/simple-export`"
                                )
                            })?;
                        instance
                            .get_typed_func::<
                                (),
                                (u32,),
                            >(store.as_context_mut(), &a_static_a_index)?;
                        let a_method_a_index = instance
                            .get_export_index(
                                store.as_context_mut(),
                                ::core::option::Option::Some(index),
                                "[method]a.method-a",
                            )
                            .ok_or_else(|| {
                                ::hoist::anyhow::anyhow!(
                                    "no exported function `[method]a.method-a` in exported interface `foo:foo/simple-export`"
                                )
                            })?;
                        instance
                            .get_typed_func::<
                                (::hoist::component::ResourceAny,),
                                (u32,),
                            >(store.as_context_mut(), &a_method_a_index)?;
                        ::core::result::Result::Ok(Guest {
                            instance: instance.clone(),
                            a_new_index,
                            a_static_a_index,
                            a_method_a_index,
                        })
                    }
                }
                /// Typed access to the constructor and methods of resource `a` of `foo:foo/simple-export`; handles to it are `ResourceAny`s.
                pub struct GuestA<'a> {
                    guest: &'a Guest,
                }
                impl GuestA<'_> {
                    /// The WIT function `[constructor]a`.
                    pub fn call_constructor(
                        &self,
                        mut store: impl ::hoist::AsContextMut,
                    ) -> ::hoist::anyhow::Result<::hoist::component::ResourceAny> {
                        let callee = self
                            .guest
                            .instance
                            .get_typed_func::<
                                (),
                                (::hoist::component::ResourceAny,),
                            >(store.as_context_mut(), &self.guest.a_new_index)?;
                        let (ret0,) = callee.call(store.as_context_mut(), ())?;
                        ::core::result::Result::Ok(ret0)
                    }
                    /// The WIT function `[static]a.static-a`.
                    pub fn call_static_a(
                        &self,
                        mut store: impl ::hoist::AsContextMut,
                    ) -> ::hoist::anyhow::Result<u32> {
                        let callee = self
                            .guest
                            .instance
                            .get_typed_func::<
                                (),
                                (u32,),
                            >(store.as_context_mut(), &self.guest.a_static_a_index)?;
                        let (ret0,) = callee.call(store.as_context_mut(), ())?;
                        ::core::result::Result::Ok(ret0)
                    }
                    /// The WIT function `[method]a.method-a`.
                    pub fn call_method_a(
                        &self,
                        mut store: impl ::hoist::AsContextMut,
                        self_: ::hoist::component::ResourceAny,
                    ) -> ::hoist::anyhow::Result<u32> {
                        let callee = self
                            .guest
                            .instance
                            .get_typed_func::<
                                (::hoist::component::ResourceAny,),
                                (u32,),
                            >(store.as_context_mut(), &self.guest.a_method_a_index)?;
                        let (ret0,) = callee.call(store.as_context_mut(), (self_,))?;
                        ::core::result::Result::Ok(ret0)
                    }
                }
                impl Guest {
                    /// The functions of resource `a`.
                    pub fn a(&self) -> GuestA<'_> {
                        GuestA { guest: self }
                    }
                }
            }
            pub mod export_using_import {
                //! Bindings generated from WIT, for `exports/foo/foo/export_using_import`.
                /// The WIT type `y`.
                pub use super::super::super::super::foo::foo::transitive_import::Y;
                /// The WIT type `a`.
                /// A resource the guest implements: handles to it are `ResourceAny`s.
                pub type A = ::hoist::component::ResourceAny;
                /// Typed access to the functions of the exported interface `foo:foo/export-using-import`.
                pub struct Guest {
                    instance: ::hoist::component::Instance,
                    a_new_index: ::hoist::component::ComponentExportIndex,
                    a_static_a_index: ::hoist::component::ComponentExportIndex,
                    a_method_a_index: ::hoist::component::ComponentExportIndex,
                }
                impl Guest {
                    /// Looks up and type-checks every function of `foo:foo/export-using-import` in `instance`, where `index` is the export index of the interface itself.
                    #[allow(unused_mut, unused_variables)]
                    pub fn new(
                        mut store: impl ::hoist::AsContextMut,
                        instance: &::hoist::component::Instance,
                        index: &::hoist::component::ComponentExportIndex,
                    ) -> ::hoist::anyhow::Result<Guest> {
                        let a_new_index = instance
                            .get_export_index(
                                store.as_context_mut(),
                                ::core::option::Option::Some(index),
                                "[constructor]a",
                            )
                            .ok_or_else(|| {
                                ::hoist::anyhow::anyhow!(
                                    "no exported function `[constructor]a` in exported interface `foo:foo/export-using-import`"
                                )
                            })?;
                        instance
                            .get_typed_func::<
                                (
                                    ::hoist::component::Resource<
                                        super::super::super::super::foo::foo::transitive_import::Y,
                                    >,
                                ),
                                (::hoist::component::ResourceAny,),
                            >(store.as_context_mut(), &a_new_index)?;
                        let a_static_a_index = instance
                            .get_export_index(
                                store.as_context_mut(),
                                ::core::option::Option::Some(index),
                                "[static]a.static-a",
                            )
                            .ok_or_else(|| {
                                ::hoist::anyhow::anyhow!(
                                    "no exported function `[static]a.static-a` in exported interface `foo:foo/export-using-import`"
                                )
                            })?;
                        instance
                            .get_typed_func::<
                                (),
                                (
                                    ::hoist::component::Resource<
                                        super::super::super::super::foo::foo::transitive_import::Y,
                                    >,
                                ),
                            >(store.as_context_mut(), &a_static_a_index)?;
                        let a_method_a_index = instance
                            .get_export_index(
                                store.as_context_mut(),
                                ::core::option::Option::Some(index),
                                "[method]a.method-a",
                            )
                            .ok_or_else(|| {
                                ::hoist::anyhow::anyhow!(
                                    "no exported function `[method]a.method-a` in exported interface `foo:foo/export-using-import`"
                                )
                            })?;
                        instance
                            .get_typed_func::<
                                (
                                    ::hoist::component::ResourceAny,
                                    ::hoist::component::Resource<
                                        super::super::super::super::foo::foo::transitive_import::Y,
                                    >,
                                ),
                                (
                                    ::hoist::component::Resource<
                                        super::super::super::super::foo::foo::transitive_import::Y,
                                    >,
                                ),
                            >(store.as_context_mut(), &a_method_a_index)?;
                        ::core::result::Result::Ok(Guest {
                            instance: instance.clone(),
                            a_new_index,
                            a_static_a_index,
                            a_method_a_index,
                        })
                    }
                }
                /// Typed access to the constructor and methods of resource `a` of `foo:foo/export-using-import`; handles to it are `ResourceAny`s.
                pub struct GuestA<'a> {
                    guest: &'a Guest,
                }
                impl GuestA<'_> {
                    /// The WIT function `[constructor]a`.
                    pub fn call_constructor(
                        &self,
                        mut store: impl ::hoist::AsContextMut,
                        y: ::hoist::component::Resource<
                            super::super::super::super::foo::foo::transitive_import::Y,
                        >,
                    ) -> ::hoist::anyhow::Result<::hoist::component::ResourceAny> {
                        let callee = self
                            .guest
                            .instance
                            .get_typed_func::<
                                (
                                    ::hoist::component::Resource<
                                        super::super::super::super::foo::foo::transitive_import::Y,
                                    >,
                                ),
                                (::hoist::component::ResourceAny,),
                            >(store.as_context_mut(), &self.guest.a_new_index)?;
                        let (ret0,) = callee.call(store.as_context_mut(), (y,))?;
                        ::core::result::Result::Ok(ret0)
                    }
                    /// The WIT function `[static]a.static-a`.
                    pub fn call_static_a(
                        &self,
                        mut store: impl ::hoist::AsContextMut,
                    ) -> ::hoist::anyhow::Result<
                        ::hoist::component::Resource<
                            super::super::super::super::foo::foo::transitive_import::Y,
                        >,
                    > {
                        let callee = self
                            .guest
                            .instance
                            .get_typed_func::<
                                (),
                                (
                                    ::hoist::component::Resource<
                                        super::super::super::super::foo::foo::transitive_import::Y,
                                    >,
                                ),
                            >(store.as_context_mut(), &self.guest.a_static_a_index)?;
                        let (ret0,) = callee.call(store.as_context_mut(), ())?;
                        ::core::result::Result::Ok(ret0)
                    }
                    /// The WIT function `[method]a.method-a`.
                    pub fn call_method_a(
                        &self,
                        mut store: impl ::hoist::AsContextMut,
                        self_: ::hoist::component::ResourceAny,
                        y: ::hoist::component::Resource<
                            super::super::super::super::foo::foo::transitive_import::Y,
                        >,
                    ) -> ::hoist::anyhow::Result<
                        ::hoist::component::Resource<
                            super::super::super::super::foo::foo::transitive_import::Y,
                        >,
                    > {
                        let callee = self
                            .guest
                            .instance
                            .get_typed_func::<
                                (
                                    ::hoist::component::ResourceAny,
                                    ::hoist::component::Resource<
                                        super::super::super::super::foo::foo::transitive_import::Y,
                                    >,
                                ),
                                (
                                    ::hoist::component::Resource<
                                        super::super::super::super::foo::foo::transitive_import::Y,
                                    >,
                                ),
                            >(store.as_context_mut(), &self.guest.a_method_a_index)?;
                        let (ret0,) = callee.call(store.as_context_mut(), (self_, y))?;
                        ::core::result::Result::Ok(ret0)
                    }
                }
                impl Guest {
                    /// The functions of resource `a`.
                    pub fn a(&self) -> GuestA<'_> {
                        GuestA { guest: self }
                    }
                }
            }
            pub mod export_using_export1 {
                //! Bindings generated from WIT, for `exports/foo/foo/export_using_export1`.
                /// The WIT type `a`.
                /// A resource the guest implements: handles to it are `ResourceAny`s.
                pub type A = ::hoist::component::ResourceAny;
                /// Typed access to the functions of the exported interface `foo:foo/export-using-export1`.
                pub struct Guest {
                    instance: ::hoist::component::Instance,
                    a_new_index: ::hoist::component::ComponentExportIndex,
                }
                impl Guest {
                    /// Looks up and type-checks every function of `foo:foo/export-using-export1` in `instance`, where `index` is the export index of the interface itself.
                    #[allow(unused_mut, unused_variables)]
                    pub fn new(
                        mut store: impl ::hoist::AsContextMut,
                        instance: &::hoist::component::Instance,
                        index: &::hoist::component::ComponentExportIndex,
                    ) -> ::hoist::anyhow::Result<Guest> {
                        let a_new_index = instance
                            .get_export_index(
                                store.as_context_mut(),
                                ::core::option::Option::Some(index),
                                "[constructor]a",
                            )
                            .ok_or_else(|| {
                                ::hoist::anyhow::anyhow!(
                                    "no exported function `[constructor]a` in exported interface `foo:foo/export-using-export1`"
                                )
                            })?;
                        instance
                            .get_typed_func::<
                                (),
                                (::hoist::component::ResourceAny,),
                            >(store.as_context_mut(), &a_new_index)?;
                        ::core::result::Result::Ok(Guest {
                            instance: instance.clone(),
                            a_new_index,
                        })
                    }
                }
                /// Typed access to the constructor and methods of resource `a` of `foo:foo/export-using-export1`; handles to it are `ResourceAny`s.
                pub struct GuestA<'a> {
                    guest: &'a Guest,
                }
                impl GuestA<'_> {
                    /// The WIT function `[constructor]a`.
                    pub fn call_constructor(
                        &self,
                        mut store: impl ::hoist::AsContextMut,
                    ) -> ::hoist::anyhow::Result<::hoist::component::ResourceAny> {
                        let callee = self
                            .guest
                            .instance
                            .get_typed_func::<
                                (),
                                (::hoist::component::ResourceAny,),
                            >(store.as_context_mut(), &self.guest.a_new_index)?;
                        let (ret0,) = callee.call(store.as_context_mut(), ())?;
                        ::core::result::Result::Ok(ret0)
                    }
                }
                impl Guest {
                    /// The functions of resource `a`.
                    pub fn a(&self) -> GuestA<'_> {
                        GuestA { guest: self }
                    }
                }
            }
            pub mod export_using_export2 {
                //! Bindings generated from WIT, for `exports/foo/foo/export_using_export2`.
                /// The WIT type `a`.
                pub use super::super::super::super::exports::foo::foo::export_using_export1::A;
                /// The WIT type `b`.
                /// A resource the guest implements: handles to it are `ResourceAny`s.
                pub type B = ::hoist::component::ResourceAny;
                /// Typed access to the functions of the exported interface `foo:foo/export-using-export2`.
                pub struct Guest {
                    instance: ::hoist::component::Instance,
                    b_new_index: ::hoist::component::ComponentExportIndex,
                }
                impl Guest {
                    /// Looks up and type-checks every function of `foo:foo/export-using-export2` in `instance`, where `index` is the export index of the interface itself.
                    #[allow(unused_mut, unused_variables)]
                    pub fn new(
                        mut store: impl ::hoist::AsContextMut,
                        instance: &::hoist::component::Instance,
                        index: &::hoist::component::ComponentExportIndex,
                    ) -> ::hoist::anyhow::Result<Guest> {
                        let b_new_index = instance
                            .get_export_index(
                                store.as_context_mut(),
                                ::core::option::Option::Some(index),
                                "[constructor]b",
                            )
                            .ok_or_else(|| {
                                ::hoist::anyhow::anyhow!(
                                    "no exported function `[constructor]b` in exported interface `foo:foo/export-using-export2`"
                                )
                            })?;
                        instance
                            .get_typed_func::<
                                (::hoist::component::ResourceAny,),
                                (::hoist::component::ResourceAny,),
                            >(store.as_context_mut(), &b_new_index)?;
                        ::core::result::Result::Ok(Guest {
                            instance: instance.clone(),
                            b_new_index,
                        })
                    }
                }
                /// Typed access to the constructor and methods of resource `b` of `foo:foo/export-using-export2`; handles to it are `ResourceAny`s.
                pub struct GuestB<'a> {
                    guest: &'a Guest,
                }
                impl GuestB<'_> {
                    /// The WIT function `[constructor]b`.
                    pub fn call_constructor(
                        &self,
                        mut store: impl ::hoist::AsContextMut,
                        a: ::hoist::component::ResourceAny,
                    ) -> ::hoist::anyhow::Result<::hoist::component::ResourceAny> {
                        let callee = self
                            .guest
                            .instance
                            .get_typed_func::<
                                (::hoist::component::ResourceAny,),
                                (::hoist::component::ResourceAny,),
                            >(store.as_context_mut(), &self.guest.b_new_index)?;
                        let (ret0,) = callee.call(store.as_context_mut(), (a,))?;
                        ::core::result::Result::Ok(ret0)
                    }
                }
                impl Guest {
                    /// The functions of resource `b`.
                    pub fn b(&self) -> GuestB<'_> {
                        GuestB { guest: self }
                    }
                }
            }
        }
    }
}
